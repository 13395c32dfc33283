from rtdiagram.cli.app import main

main()
