"""`dvm`, the command line of the Dienstverleningsmonitor: above the flows, it checks the input,
starts what the flows need and says the outcome in Dutch."""
