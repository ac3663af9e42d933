"""Fixtures for the submission tests: a CA and server certificate made here, a real SMTP server
on 127.0.0.1 (aiosmtpd) with STARTTLS, implicit TLS or no TLS, a profile store, a secret store.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tui.config import Settings, SmtpSettings, SubmissionSettings, replace
from tui.profiles.model import ItemRecord, Profile
from tui.profiles.store import ProfileStore
from tui.secrets.store import SecretKind, SecretStore

SMTP_USER = "kantoor@boekhoudhuis-test.nl"
SMTP_PASSWORD = "smtp-Geheim-4711"
LOKET_PASSWORD = "Loket-Wachtw00rd!"
SENDER = "Jan Jansen <jan@boekhoudhuis-test.nl>"
RECIPIENT = "spa.inkomen@nn.nl"


@dataclass
class Tls:
    ca_file: Path
    server_context: ssl.SSLContext


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    """A throwaway CA and a certificate for 127.0.0.1 signed by it; the client trusts the CA."""
    folder = tmp_path_factory.mktemp("tls")
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Koppelaar test CA"))
        .issuer_name(_name("Koppelaar test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = folder / "ca.pem"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_file, key_file = folder / "server.pem", folder / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return Tls(ca_file, context)


@dataclass
class Mailbox:
    """What the SMTP server received, and who logged in."""

    envelopes: list[Envelope] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    refuse_recipients: bool = False

    async def handle_RCPT(
        self,
        server: SMTPServer,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if self.refuse_recipients:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def authenticate(
        self,
        server: SMTPServer,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: Any,
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = auth_data.login.decode(), auth_data.password.decode()
        ok = user == SMTP_USER and password == SMTP_PASSWORD
        if ok:
            self.logins.append(user)
        return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class SmtpServer:
    mailbox: Mailbox
    port: int
    security: str

    def settings(self, **changes: Any) -> Settings:
        smtp = SmtpSettings(
            host="127.0.0.1",
            port=self.port,
            security=self.security,
            username=SMTP_USER,
            timeout=5.0,
        )
        return Settings(
            submission=SubmissionSettings(to=RECIPIENT, sender=SENDER),
            smtp=replace(smtp, **changes),
        )


StartServer = Callable[..., SmtpServer]


@pytest.fixture
def smtp_server(tls: Tls) -> Iterator[StartServer]:
    """Start a real SMTP server on 127.0.0.1: mode "starttls", "ssl" (implicit TLS) or "plain"."""
    started: list[Controller] = []

    def start(mode: str = "starttls", refuse_recipients: bool = False) -> SmtpServer:
        mailbox = Mailbox(refuse_recipients=refuse_recipients)
        port = free_port()
        options: dict[str, Any] = {
            "hostname": "127.0.0.1",
            "port": port,
            "authenticator": mailbox.authenticate,
            # aiosmtpd only counts STARTTLS as TLS; on an implicit-TLS port the whole
            # connection is encrypted, so AUTH is offered from the start there.
            "auth_require_tls": mode == "starttls",
        }
        if mode == "starttls":
            options.update(tls_context=tls.server_context, require_starttls=True)
        elif mode == "ssl":
            options.update(ssl_context=tls.server_context)
        controller = Controller(mailbox, **options)
        controller.start()
        started.append(controller)
        return SmtpServer(mailbox, port, "ssl" if mode == "ssl" else "starttls")

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def secrets() -> SecretStore:
    store = SecretStore("keyring")
    store.set(SecretKind.SMTP_PASSWORD, SMTP_USER, SMTP_PASSWORD)
    for user in ("xs-goudenkorst", "xs-tweede", "xs-derde"):
        store.set(SecretKind.LOKET_PASSWORD, user, LOKET_PASSWORD)
    return store


def ready_profile(slug: str, name: str, werkgever_id: str, username: str) -> Profile:
    checked = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    items = {
        "account.active": ItemRecord("pass", "gebruiker is actief", checked),
        "account.rights": ItemRecord("pass", "alle zes rechten", checked),
        "employer.id": ItemRecord("pass", f"werkgever ID {werkgever_id} gevonden", checked),
    }
    return Profile(
        slug=slug,
        name=name,
        werkgever_id=werkgever_id,
        username=username,
        loket_id="b14acd0d-75d7-4fc8-8b22-4a3924585cab",
        contact_email="salaris@boekhoudhuis-test.nl",
        status="ready",
        checked_at=checked,
        items=items,
    )


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    store = ProfileStore(tmp_path / "profiles")
    store.save(
        ready_profile("gouden-korst", "Bakkerij De Gouden Korst B.V.", "20720", "xs-goudenkorst"),
        create=True,
    )
    return store


def add_profile(store: ProfileStore, profile: Profile) -> Profile:
    return store.save(profile, create=True)
