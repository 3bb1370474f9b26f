from connect_emulator.cli import main

main()
