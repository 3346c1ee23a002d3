"""Every command the README promises is registered: one that cannot be imported fails here and at
start-up, instead of quietly disappearing from ``flask --help``."""
import click

EXPECTED = {
    "db": {"upgrade"}, "keys": {"generate", "rotate"}, "demo-data": None, "create-organisation": None,
    "create-user": None, "surveys": {"check"}, "translate": {"extract", "update", "compile", "reviewed"},
    "jobs": {"tick", "run"}, "casework": {"import"}, "synthetic": {"generate"}, "alerts": None,
}


def test_every_command_is_registered(app):
    commands = app.cli.commands
    for name, subcommands in EXPECTED.items():
        assert name in commands, f"flask {name} is missing"
        if subcommands:
            assert isinstance(commands[name], click.Group)
            assert subcommands <= set(commands[name].commands), (name, sorted(commands[name].commands))


def test_the_help_lists_them(runner):
    result = runner.invoke(args=["--help"])
    assert result.exit_code == 0
    for name in EXPECTED:
        assert name in result.output
