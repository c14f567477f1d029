"""The ``kg`` command: the core commands in ``main``, one module per other command group,
joined here with ``add_command``."""

from kg.signals import command_startup

with command_startup():
    from kg.cli import explore, ontology, openie, store
    from kg.cli.main import main

for _command in (explore.stats, explore.path, explore.view, ontology.validate, store.serve,
                 store.push, openie.extract, openie.list_extractors):
    main.add_command(_command)

__all__ = ["main"]
