"""Tests for network.store.accounts and network.store.audit: accounts, local sign-in, single sign-on, the audit log.

Every test taking ``workspace_url`` runs on an SQLite file and on a database of the throw-away PostgreSQL
cluster the tests start.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from network.config import SignIn
from network.errors import NotFoundError, OptionError, SignInError
from network.store import Workspace
from network.store import tables as t
from network.store.accounts import Accounts, check_password, hash_password
from tests.conftest import raises_message

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def workspace(workspace_url):
    with Workspace(workspace_url) as ws:
        yield ws


@pytest.fixture
def accounts(workspace):
    return workspace.accounts


def _actions(workspace) -> list[tuple]:
    log = workspace.audit.table()
    return list(zip(log["actor"], log["action"], log["detail"]))[::-1]  # oldest first


# --- passwords ------------------------------------------------------------------------------------

def test_a_password_is_stored_only_as_an_argon2id_hash(workspace, accounts):
    accounts.add("kim", "staff", password=PASSWORD)
    with workspace.engine.connect() as connection:
        stored = connection.execute(sa.select(t.users.c.password_hash)).scalar_one()
        everything = " ".join(str(v) for table in (t.users, t.audit_log)
                              for row in connection.execute(sa.select(table)).all() for v in row)
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in everything  # neither in the account nor in the log
    assert check_password(stored, PASSWORD) and not check_password(stored, PASSWORD + "!")


def test_hashes_are_salted_and_malformed_hashes_never_match():
    assert hash_password(PASSWORD) != hash_password(PASSWORD)
    assert not check_password("not a hash", PASSWORD)
    assert not check_password(None, PASSWORD)


@pytest.mark.parametrize(("password", "key"), [("short pass", "error.password_short"),
                                               ("KimKimKimKim", "error.password_is_username")])
def test_weak_passwords_are_refused(accounts, password, key):
    with pytest.raises(OptionError) as caught:
        accounts.add("kimkimkimkim", "staff", password=password)
    assert caught.value.key == key
    assert accounts.count() == 0


def test_account_options_are_checked(accounts):
    with raises_message(OptionError, "needs a federation"):
        accounts.add("lee", "leader", password=PASSWORD)
    with raises_message(OptionError, "expected to be one of"):
        accounts.add("lee", "boss", password=PASSWORD)
    with raises_message(OptionError, "password .* or an e-mail"):
        accounts.add("lee", "staff")
    with raises_message(OptionError, "must not be empty or contain spaces"):
        accounts.add("l ee", "staff", password=PASSWORD)
    accounts.add("Lee", "staff", password=PASSWORD)
    with raises_message(OptionError, "already taken"):
        accounts.add("lee", "analyst", password=PASSWORD)  # names differ only by case: the same account


# --- local sign-in --------------------------------------------------------------------------------

def test_sign_in_is_case_insensitive_and_recorded(workspace, accounts):
    accounts.add("Kim", "leader", federation="서울", password=PASSWORD)
    user = accounts.sign_in(" kim ", PASSWORD, now=NOW)
    assert (user.username, user.role, user.federation, user.last_sign_in) == ("Kim", "leader", "서울", NOW)
    assert _actions(workspace)[-1] == ("Kim", "sign_in", "password")


def test_unknown_user_and_wrong_password_get_the_same_message(workspace, accounts):
    accounts.add("kim", "staff", password=PASSWORD)
    messages = []
    for name, password in (("nobody", PASSWORD), ("kim", "wrong password!")):
        with pytest.raises(SignInError) as caught:
            accounts.sign_in(name, password, now=NOW)
        messages.append(caught.value.message("ko"))
    assert messages == ["아이디 또는 비밀번호가 맞지 않습니다"] * 2
    assert _actions(workspace)[-2:] == [("nobody", "sign_in_failed", "unknown user"),
                                        ("kim", "sign_in_failed", "wrong password")]


def test_five_failures_lock_the_account_for_fifteen_minutes(workspace, accounts):
    accounts.add("kim", "staff", password=PASSWORD)
    for _ in range(5):
        with pytest.raises(SignInError, match="맞지 않습니다"):
            accounts.sign_in("kim", "wrong password!", now=NOW)
    assert accounts.get("kim").locked_until == NOW + dt.timedelta(minutes=15)
    with pytest.raises(SignInError) as caught:  # even the right password, while locked
        accounts.sign_in("kim", PASSWORD, now=NOW + dt.timedelta(minutes=14))
    assert caught.value.key == "error.account_locked"
    assert _actions(workspace)[-1] == ("kim", "sign_in_failed", "locked")
    user = accounts.sign_in("kim", PASSWORD, now=NOW + dt.timedelta(minutes=16))  # the lock has run out
    assert user.locked_until is None


def test_the_audit_log_words_what_sign_ins_and_account_changes_wrote_in_the_ui_language(workspace, accounts):
    accounts.add("kim", "leader", federation="서울", password=PASSWORD)
    for _ in range(5):
        with pytest.raises(SignInError):
            accounts.sign_in("kim", "wrong password!", now=NOW)
    with pytest.raises(SignInError):
        accounts.sign_in("nobody", PASSWORD, now=NOW)
    stored = workspace.audit.table()["detail"].tolist()[::-1]
    assert stored == ["leader, federation=서울", *["wrong password"] * 4, "wrong password; locked for 15 minutes",
                      "unknown user"]  # the log keeps what was written
    assert workspace.audit.table(language="ko")["detail"].tolist()[::-1] == [
        "연합회장, 연합회 서울", *["비밀번호 틀림"] * 4, "비밀번호 틀림, 15분 동안 잠금", "없는 사용자"]
    assert workspace.audit.table(language="en")["detail"].tolist()[::-1][1:] == stored[1:]


def test_every_sign_in_detail_the_code_writes_has_korean_words():
    from network import signon
    from network.store.audit import detail_words

    failures = [words.format(error="access_denied") for _, words in signon._FAILURES]
    reasons = ["no e-mail claim", "disabled", "no account", "role from claims (staff)", "no provider configured",
               "provider unreachable", "misconfigured", "token exchange failed (HTTPError)", *failures]
    details = ["password", "wrong password", "wrong password; locked for 15 minutes", "unknown user", "locked",
               "disabled", "single sign-on", *(f"single sign-on: {reason}" for reason in reasons)]
    for detail in details:
        words = detail_words(detail, "ko")
        assert not re.search(r"[A-Za-z]{3,}", re.sub(r"access_denied|redirect_uri|HTTPError", "", words)), words
        if "(staff)" not in detail:  # a role is written as the UI names it (Staff)
            assert detail_words(detail, "en") == detail
    assert detail_words("report --month 2026-10", "ko") == "report --month 2026-10"  # a command line as written
    assert detail_words("members: 회원.xlsx, visits: a, b.csv", "ko") == "회원사: 회원.xlsx, 방문: a, b.csv"


def test_a_success_resets_the_count_of_failures(accounts):
    accounts.add("kim", "staff", password=PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInError):
            accounts.sign_in("kim", "wrong password!", now=NOW)
    accounts.sign_in("kim", PASSWORD, now=NOW)
    for _ in range(4):
        with pytest.raises(SignInError):
            accounts.sign_in("kim", "wrong password!", now=NOW)
    assert accounts.get("kim").locked_until is None  # 4 + 4 failures, not 5 in a row


def test_the_lockout_policy_is_configurable(workspace):
    accounts = Accounts(workspace, policy=SignIn(max_failed_attempts=2, lock_minutes=1))
    accounts.add("kim", "staff", password=PASSWORD)
    for _ in range(2):
        with pytest.raises(SignInError):
            accounts.sign_in("kim", "wrong password!", now=NOW)
    assert accounts.get("kim").locked_until == NOW + dt.timedelta(minutes=1)


def test_a_disabled_account_cannot_sign_in_and_says_so_only_to_who_knows_the_password(workspace, accounts):
    accounts.add("kim", "staff", password=PASSWORD)
    accounts.disable("kim", actor="admin")
    with pytest.raises(SignInError) as caught:
        accounts.sign_in("kim", "wrong password!", now=NOW)
    assert caught.value.key == "error.sign_in_failed"
    with pytest.raises(SignInError) as caught:
        accounts.sign_in("kim", PASSWORD, now=NOW)
    assert caught.value.key == "error.account_disabled"
    accounts.enable("kim", actor="admin")
    assert accounts.sign_in("kim", PASSWORD, now=NOW).username == "kim"
    assert [a[:2] for a in _actions(workspace)] == [
        (None, "user_added"), ("admin", "user_disabled"), ("kim", "sign_in_failed"), ("kim", "sign_in_failed"),
        ("admin", "user_enabled"), ("kim", "sign_in")]


def test_reset_password_replaces_the_old_one_and_lifts_the_lock(accounts):
    accounts.add("kim", "staff", password=PASSWORD)
    for _ in range(5):
        with pytest.raises(SignInError):
            accounts.sign_in("kim", "wrong password!", now=dt.datetime.now(dt.timezone.utc))
    accounts.reset_password("kim", "a brand new passphrase", actor="admin")
    with pytest.raises(SignInError):
        accounts.sign_in("kim", PASSWORD)
    assert accounts.sign_in("kim", "a brand new passphrase").username == "kim"
    with raises_message(NotFoundError, "no user nobody"):
        accounts.reset_password("nobody", "a brand new passphrase")


def test_change_role_and_federation(accounts):
    accounts.add("kim", "staff", password=PASSWORD, office="서울지부")
    user = accounts.change("kim", role="leader", federation="부산", actor="admin")
    assert (user.role, user.federation, user.office) == ("leader", "부산", "서울지부")
    user = accounts.change("kim", role="analyst")
    assert (user.role, user.federation) == ("analyst", None)  # only a leader is tied to a federation
    with raises_message(OptionError, "needs a federation"):
        accounts.change("kim", role="leader", federation="")


# --- single sign-on -------------------------------------------------------------------------------

def test_single_sign_on_finds_the_account_by_e_mail(workspace, accounts):
    accounts.add("jeju", "leader", federation="제주", email="Leader@Example.com")
    user = accounts.single_sign_on({"email": "leader@example.COM", "sub": "x"}, now=NOW)
    assert (user.username, user.role, user.federation, user.from_claims) == ("jeju", "leader", "제주", False)
    assert _actions(workspace)[-1] == ("jeju", "sign_in", "single sign-on")


def test_single_sign_on_refusals_are_clear_and_recorded(workspace, accounts):
    accounts.add("gone", "staff", email="gone@example.com")
    accounts.disable("gone")
    cases = [({"sub": "x"}, "error.sso_no_email"), ({"email": "nobody@example.com"}, "error.sso_unknown"),
             ({"email": "gone@example.com"}, "error.account_disabled")]
    for claims, key in cases:
        with pytest.raises(SignInError) as caught:
            accounts.single_sign_on(claims, now=NOW)
        assert caught.value.key == key
    assert [a[1] for a in _actions(workspace)[-3:]] == ["sign_in_failed"] * 3


def test_single_sign_on_can_take_the_role_from_claims(workspace):
    accounts = Accounts(workspace, policy=SignIn(role_claim="rcn_role", federation_claim="rcn_federation"))
    user = accounts.single_sign_on({"email": "a@example.com", "rcn_role": "Leader", "rcn_federation": "부산"})
    assert (user.username, user.role, user.federation, user.from_claims) == ("a@example.com", "leader", "부산", True)
    for claims in ({"email": "b@example.com", "rcn_role": "king"}, {"email": "c@example.com", "rcn_role": "leader"}):
        with pytest.raises(SignInError):  # an unknown role, a leader without a federation
            accounts.single_sign_on(claims)
    assert accounts.count() == 0  # users from claims are not stored


# --- the audit log --------------------------------------------------------------------------------

def test_imports_and_rollbacks_are_in_the_audit_log_with_who_did_them(workspace):
    workspace.import_files({"members": "회원번호,회사명\nA,가\nB,나\n".encode()}, note="첫", created_by="kim")
    workspace.import_files({"members": "회원번호,회사명\nC,다\n".encode()}, created_by="kim")
    workspace.rollback(1, actor="lee")
    log = workspace.audit.table()
    assert log[["actor", "action", "target"]].values.tolist() == [
        ["lee", "rollback", "v1"], ["kim", "import", "v2"], ["kim", "import", "v1"]]
    assert log["rows"].isna().tolist() == [True, False, False] and log["rows"].tolist()[1:] == [1, 2]
    assert log["detail"].iloc[0] == "v2 → v1"


def test_the_audit_log_filters_by_time_user_and_kind(workspace):
    audit = workspace.audit
    audit.add("kim", "download", target="members.csv", rows=7000)
    audit.add("lee", "sign_in")
    audit.add("kim", "sign_out")
    assert audit.table(actor="KIM")["action"].tolist() == ["sign_out", "download"]
    assert audit.table(action="download")[["target", "rows"]].values.tolist() == [["members.csv", 7000]]
    assert len(audit.table(since=dt.date.today() + dt.timedelta(days=1))) == 0
    assert len(audit.table(until=dt.date.today() + dt.timedelta(days=1), limit=2)) == 2
    assert audit.table(language="ko")["action"].tolist() == ["로그아웃", "로그인", "내려받기"]
    with raises_message(OptionError, "action was hack"):
        audit.add("kim", "hack")


# --- the commands ---------------------------------------------------------------------------------

def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "network", *args], cwd=REPO, capture_output=True, text=True,
                          input=stdin, timeout=120)


def test_users_and_audit_commands(tmp_path):
    db = f"sqlite:///{tmp_path / 'w.db'}"
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    done = _cli("users", "add", "--db", db, "--username", "kim", "--role", "leader", "--federation", "제주",
                "--password-file", str(secret))
    assert done.returncode == 0, done.stderr
    assert "사용자 kim을 만들었습니다 (연합회장 · 제주)" in done.stdout
    done = _cli("users", "add", "--db", db, "--username", "lee", "--role", "staff", "--email", "lee@example.com",
                "--no-password", "--lang", "en")
    assert done.returncode == 0 and "Created user lee (Staff)" in done.stdout, done.stderr
    refused = _cli("users", "add", "--db", db, "--username", "park", "--role", "leader", "--password-file",
                   str(secret))
    assert refused.returncode == 2 and "연합회를 정해야 합니다" in refused.stderr
    assert _cli("users", "disable", "--db", db, "kim").returncode == 0
    listing = _cli("users", "list", "--db", db).stdout
    assert "kim" in listing and "중지됨" in listing and "lee@example.com" in listing
    assert PASSWORD not in listing
    unknown = _cli("users", "reset-password", "--db", db, "nobody", "--password-file", str(secret))
    assert unknown.returncode == 2 and "사용자 nobody가 없습니다" in unknown.stderr
    short = tmp_path / "short.txt"
    short.write_text("short\n", encoding="utf-8")
    weak = _cli("users", "reset-password", "--db", db, "kim", "--password-file", str(short))
    assert weak.returncode == 2 and "12자 이상" in weak.stderr

    out = tmp_path / "audit.csv"
    done = _cli("audit", "--db", db, "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "at,actor,action,target,rows,detail"
    assert "user_disabled,kim" in text and "user_added,lee" in text
    assert PASSWORD not in text
    later = _cli("audit", "--db", db, "--since", "2999-01-01", "--out", str(tmp_path / "none.xlsx"))
    assert later.returncode == 0 and "0건" in later.stdout
    bad = _cli("audit", "--db", db, "--since", "yesterday", "--out", str(out))
    assert bad.returncode == 2
