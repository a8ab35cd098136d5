from jmap.cli import main

main()
