from compliance.cli import entry

entry()
