"""The script `spark-submit` runs: the `qcscreen` command line, imported absolutely (a file run as a
script has no package, so `service/cli.py` itself cannot be given). README: "On a cluster"."""

from service.cli import main

if __name__ == "__main__":
    main()
