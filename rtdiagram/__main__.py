from rtdiagram.cli import main

main()
