from rtdiagram.cli.main import main

main()
