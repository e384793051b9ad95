"""``users``: the workspace's accounts — add, list, disable (and enable), reset a password."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from network import texts
from network.cli._common import EXIT_OK, cli_actor, db_argument
from network.errors import OptionError
from network.store.accounts import ROLES, Accounts

__all__ = ["DESCRIPTION", "HELP", "add_arguments", "run"]

HELP = "accounts: add, list, disable, enable, reset-password (사용자)"
DESCRIPTION = ("The accounts that may sign in to the app. Passwords are read from --password-file (its first "
               "line) or asked for twice; they are stored only as argon2id hashes.")


def _common(parser: argparse.ArgumentParser) -> None:
    db_argument(parser)
    parser.add_argument("--lang", choices=list(texts.LANGUAGES), default=argparse.SUPPRESS,
                        help="message language (default ko)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sub-commands and their options."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create an account")
    _common(add)
    add.add_argument("--username", required=True)
    add.add_argument("--role", required=True, choices=list(ROLES))
    add.add_argument("--federation", help="a leader's federation (지역연합회), as in the members file")
    add.add_argument("--office", help="a staff member's office (지부)")
    add.add_argument("--email", help="the e-mail single sign-on gives (matches the account)")
    add.add_argument("--password-file", type=Path, help="read the password from this file (else asked for)")
    add.add_argument("--no-password", action="store_true", help="single sign-on only (needs --email)")
    listing = actions.add_parser("list", help="list the accounts")
    _common(listing)
    for name, text in (("disable", "stop an account from signing in"), ("enable", "let it sign in again"),
                       ("reset-password", "give an account a new password (also lifts a lock)")):
        sub = actions.add_parser(name, help=text)
        _common(sub)
        sub.add_argument("username")
        if name == "reset-password":
            sub.add_argument("--password-file", type=Path, help="read the password from this file (else asked for)")


def _password(args: argparse.Namespace, accounts: Accounts) -> str:
    path: Path | None = args.password_file
    if path is not None:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        password = lines[0].rstrip("\r\n") if lines else ""
        if not password:
            raise OptionError("cli.users.password_file_empty", path=str(path))
        return password
    minimum = accounts.policy.min_password_length
    first = getpass.getpass(texts.t("cli.users.password_prompt", args.lang, minimum=minimum))
    accounts.check_password_policy(first, getattr(args, "username", ""))
    if getpass.getpass(texts.t("cli.users.password_again", args.lang)) != first:
        raise OptionError("error.password_mismatch")
    return first


def run(args: argparse.Namespace) -> int:
    """Run the chosen action."""
    from network.store import Workspace

    accounts = Workspace(args.db).accounts
    actor = cli_actor()
    language = args.lang
    if args.action == "add":
        password = None if args.no_password else _password(args, accounts)
        user = accounts.add(args.username, args.role, password=password, federation=args.federation,
                            office=args.office, email=args.email, actor=actor)
        print(texts.t("cli.users.added", language, username=user.username, role=user.scope_label(language)))
    elif args.action == "list":
        users = accounts.list()
        if not users:
            print(texts.t("cli.users.none", language))
            return EXIT_OK
        print(texts.t("cli.users.header", language))
        for user in users:
            locked = user.locked_until is not None and user.locked_until > dt.datetime.now(dt.timezone.utc)
            state = ("cli.users.disabled_state" if user.disabled else "cli.users.locked_state" if locked
                     else "cli.users.active")
            tied = user.federation or user.office or "-"
            print(f"{user.username:<17} {texts.t(f'role.{user.role}', language):<10} {tied:<18} "
                  f"{user.email or '-':<27} {texts.t(state, language)}")
    elif args.action in ("disable", "enable"):
        user = (accounts.disable if args.action == "disable" else accounts.enable)(args.username, actor=actor)
        done = "cli.users.disabled" if args.action == "disable" else "cli.users.enabled"
        print(texts.t(done, language, username=user.username))
    else:
        accounts.get(args.username)  # an unknown user is said before asking for a password
        user = accounts.reset_password(args.username, _password(args, accounts), actor=actor)
        print(texts.t("cli.users.reset", language, username=user.username))
    sys.stdout.flush()
    return EXIT_OK
