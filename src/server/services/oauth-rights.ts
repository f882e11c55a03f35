// The VCD rights the token, service-account and audit endpoints check. The token rights carry the
// names the VCD guides use for them; the other two are the names VCD's rights bundles list.
export const RIGHTS = {
  ownTokens: "Manage user's own API token",
  allTokens: "Manage all users' API tokens",
  manageServiceAccounts: 'Service Account: Manage',
  viewServiceAccounts: 'Service Account: View',
  audit: 'Audit: Manage',
} as const;
