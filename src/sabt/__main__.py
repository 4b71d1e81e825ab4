from sabt.cli import main

main()
