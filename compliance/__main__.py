from compliance.command import entry

entry()
