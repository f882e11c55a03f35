// govcd-writes: what the Terraform vcd provider does after it has read, with VMware's go-vcloud-director
// (unchanged): create things and take them away again. One line per step; the first failure prints govcd's own
// error and exits 1. Built by build.sh against the modules ../shared/peers/govcd/setup.sh assembled.
//
// Environment:
//
//	VCD_URL, VCD_ORG, VCD_USER, VCD_PASSWORD   as the read driver (https:// URL: govcd takes ids only from https hrefs)
//	VCD_FLOW=provider   (System login) CreateOrg, CreateOrgVdc on a provider VDC (VCD_PROVIDER_VDC, or the first),
//	                    then the VDC's and the org's deletion and the org gone
//	VCD_FLOW=vapp       (a tenant login) the vApp's life in VCD_VDC from VCD_CATALOG's VCD_TEMPLATE on VCD_NETWORK:
//	                    instantiate, power on, deletion refused, power off, undeploy, delete, gone
package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"

	"github.com/vmware/go-vcloud-director/v3/govcd"
	types "github.com/vmware/go-vcloud-director/v3/types/v56"
)

var govcdRevision = "unknown" // set by build.sh

func step(name, format string, args ...any) {
	fmt.Printf("ok   %-22s %s\n", name, fmt.Sprintf(format, args...))
}

func die(name string, err error) {
	fmt.Printf("FAIL %-22s %v\n", name, err)
	os.Exit(1)
}

func need(name string) string {
	v := os.Getenv(name)
	if v == "" {
		die("env", fmt.Errorf("%s is not set", name))
	}
	return v
}

// wait(name)(task, err) follows a Task that govcd handed back, as the provider does after every write.
func wait(name string) func(govcd.Task, error) {
	return func(task govcd.Task, err error) {
		if err == nil {
			err = task.WaitTaskCompletion()
		}
		if err != nil {
			die(name, err)
		}
		step(name, "task %s", task.Task.Status)
	}
}

func main() {
	step("govcd", "%s %s", govcdRevision, runtime.Version())
	u, err := url.ParseRequestURI(need("VCD_URL"))
	if err != nil {
		die("url", err)
	}
	client := govcd.NewVCDClient(*u, true, govcd.WithMaxRetryTimeout(60), govcd.WithHttpUserAgent("vcdkit-govcd-writes"))
	if err := client.Authenticate(need("VCD_USER"), need("VCD_PASSWORD"), need("VCD_ORG")); err != nil {
		die("login", err)
	}
	step("login", "org=%s", os.Getenv("VCD_ORG"))
	switch flow := need("VCD_FLOW"); flow {
	case "provider":
		provider(client)
	case "vapp":
		vapp(client)
	default:
		die("env", fmt.Errorf("VCD_FLOW=%s: provider or vapp", flow))
	}
	fmt.Println("done")
}

func provider(client *govcd.VCDClient) {
	const orgName, vdcName = "GovcdOrg", "GovcdVdc"
	settings := &types.OrgSettings{OrgGeneralSettings: &types.OrgGeneralSettings{DeployedVMQuota: 10, StoredVMQuota: 10}}
	wait("CreateOrg")(govcd.CreateOrg(client, orgName, "Made by govcd", "a go-vcloud-director org", settings, true))
	adminOrg, err := client.GetAdminOrgByName(orgName)
	if err != nil {
		die("admin org", err)
	}
	step("admin org", "name=%s id=%s", adminOrg.AdminOrg.Name, adminOrg.AdminOrg.ID)

	pvdcs, err := client.QueryProviderVdcs()
	if err != nil {
		die("query providerVdc", err)
	}
	var pvdc *types.QueryResultVMWProviderVdcRecordType
	for _, p := range pvdcs {
		if want := os.Getenv("VCD_PROVIDER_VDC"); want == "" || p.Name == want {
			pvdc = p
			break
		}
	}
	if pvdc == nil {
		die("query providerVdc", fmt.Errorf("%d provider VDCs, none named %q", len(pvdcs), os.Getenv("VCD_PROVIDER_VDC")))
	}
	step("provider VDC", "name=%s", pvdc.Name)
	profiles, err := client.QueryProviderVdcStorageProfiles()
	if err != nil {
		die("query pvdc profiles", err)
	}
	var profile *types.QueryResultProviderVdcStorageProfileRecordType
	for _, p := range profiles {
		if p.ProviderVdcHREF == pvdc.HREF {
			profile = p
			break
		}
	}
	if profile == nil {
		die("query pvdc profiles", fmt.Errorf("%d storage profiles, none of %s", len(profiles), pvdc.Name))
	}
	step("pvdc storage profile", "name=%s", profile.Name)

	vdc, err := adminOrg.CreateOrgVdc(&types.VdcConfiguration{
		Xmlns:           types.XMLNamespaceVCloud,
		Name:            vdcName,
		Description:     "made by govcd",
		AllocationModel: "AllocationVApp",
		ComputeCapacity: []*types.ComputeCapacity{{
			CPU:    &types.CapacityWithUsage{Units: "MHz", Limit: 4000},
			Memory: &types.CapacityWithUsage{Units: "MB", Limit: 8192},
		}},
		VdcStorageProfile: []*types.VdcStorageProfileConfiguration{{
			Enabled: addr(true), Units: "MB", Limit: 102400, Default: true,
			ProviderVdcStorageProfile: &types.Reference{HREF: profile.HREF, Name: profile.Name},
		}},
		ProviderVdcReference: &types.Reference{HREF: pvdc.HREF, Name: pvdc.Name},
		IsEnabled:            true,
		IsThinProvision:      true,
		UsesFastProvisioning: true,
	})
	if err != nil {
		die("CreateOrgVdc", err)
	}
	step("CreateOrgVdc", "name=%s id=%s", vdc.Vdc.Name, vdc.Vdc.ID)
	if err := vdc.DeleteWait(true, true); err != nil {
		die("Vdc.DeleteWait", err)
	}
	step("Vdc.DeleteWait", "%s", vdcName)
	// as the provider's org resource deletes: from a fresh read (this one's Vdcs still name the deleted VDC)
	if adminOrg, err = client.GetAdminOrgByName(orgName); err != nil {
		die("admin org", err)
	}
	if err := adminOrg.Delete(true, true); err != nil {
		die("AdminOrg.Delete", err)
	}
	step("AdminOrg.Delete", "%s", orgName)
	if _, err := client.GetAdminOrgByName(orgName); !errors.Is(err, govcd.ErrorEntityNotFound) {
		die("org gone", fmt.Errorf("GetAdminOrgByName after delete: %v", err))
	}
	step("org gone", "%s", orgName)
}

func vapp(client *govcd.VCDClient) {
	const vappName = "govcd-vapp"
	org, err := client.GetOrgByName(need("VCD_ORG"))
	if err != nil {
		die("org", err)
	}
	vdc, err := org.GetVDCByName(need("VCD_VDC"), false)
	if err != nil {
		die("vdc", err)
	}
	catalog, err := org.GetCatalogByName(need("VCD_CATALOG"), false)
	if err != nil {
		die("catalog", err)
	}
	template, err := catalog.GetVAppTemplateByName(need("VCD_TEMPLATE"))
	if err != nil {
		die("vApp template", err)
	}
	network, err := vdc.GetOrgVdcNetworkByName(need("VCD_NETWORK"), false)
	if err != nil {
		die("org VDC network", err)
	}
	step("reads", "vdc=%s template=%s network=%s", vdc.Vdc.Name, template.VAppTemplate.Name, network.OrgVDCNetwork.Name)

	app, err := vdc.CreateVappFromTemplate(&types.InstantiateVAppTemplateParams{
		Name:   vappName,
		Source: &types.Reference{HREF: template.VAppTemplate.HREF},
		InstantiationParams: &types.InstantiationParams{NetworkConfigSection: &types.NetworkConfigSection{
			Info: "the org VDC network",
			NetworkConfig: []types.VAppNetworkConfiguration{{
				NetworkName: network.OrgVDCNetwork.Name,
				Configuration: &types.NetworkConfiguration{
					ParentNetwork: &types.Reference{HREF: network.OrgVDCNetwork.HREF},
					FenceMode:     types.FenceModeBridged,
				},
			}},
		}},
		AllEULAsAccepted: true,
	})
	if err != nil {
		die("CreateVappFromTemplate", err)
	}
	step("CreateVappFromTemplate", "name=%s status=%s", app.VApp.Name, status(app))
	wait("VApp.PowerOn")(app.PowerOn())
	step("powered on", "%s", status(app))
	task, err := app.Delete()
	if err == nil {
		err = task.WaitTaskCompletion()
	}
	if err == nil {
		die("delete refused", errors.New("a powered-on vApp was deleted"))
	}
	step("delete refused", "%v", err)
	wait("VApp.PowerOff")(app.PowerOff())
	step("powered off", "%s", status(app))
	wait("VApp.Undeploy")(app.Undeploy())
	wait("VApp.Delete")(app.Delete())
	if _, err := vdc.GetVAppByName(vappName, true); !errors.Is(err, govcd.ErrorEntityNotFound) {
		die("vApp gone", fmt.Errorf("GetVAppByName after delete: %v", err))
	}
	step("vApp gone", "%s", vappName)
}

func status(app *govcd.VApp) string {
	s, err := app.GetStatus()
	if err != nil {
		die("VApp.GetStatus", err)
	}
	return s
}

func addr[T any](v T) *T { return &v }
