from linfen_etl.cli import main

main()
