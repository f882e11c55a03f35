// Marks this folder as the driver's module root; build.sh builds with a module file of its own (-modfile) that
// points every dependency at the offline copies ../shared/peers/govcd/setup.sh assembled.
module vcdkit.local/govcd-writes

go 1.23.0
