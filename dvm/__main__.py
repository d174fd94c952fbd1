from dvm.cli import main

main()
