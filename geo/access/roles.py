"""Who may do what. Viewer (everybody, signed in or not): the public lists and the map. Editor:
import, edit, undo, the edit history, and the confidential investment-target list.

The confidential list never reaches a viewer's session: :func:`visible_dataset` empties it before
any page sees the data, so no page, export or chart can leak it by mistake.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from geo.data.dataset import Dataset, empty_investment_targets
from geo.data.tables import CONFIDENTIAL_IMPORT

VIEWER, EDITOR = "viewer", "editor"
ROLES: tuple[str, ...] = (VIEWER, EDITOR)
ROLES_SECTION = "qcm_roles"  # secrets: [qcm_roles] editors = ["name@example.org"] for st.login users


@dataclass(frozen=True)
class User:
    name: str  # what the edit log records
    role: str = VIEWER
    via: str = "anonymous"  # anonymous | local | oidc
    display_name: str = ""

    @property
    def signed_in(self) -> bool:
        return self.via != "anonymous"

    @property
    def is_editor(self) -> bool:
        return self.role == EDITOR

    @property
    def label(self) -> str:
        return self.display_name or self.name


ANONYMOUS = User("", VIEWER, "anonymous")


def oidc_user(email: str | None, name: str | None, roles: Mapping | None, email_verified: object = None) -> User:
    """A user signed in through the identity provider; editors are listed by e-mail in secrets.

    Only a verified e-mail claim (``email_verified`` true, as the provider sends it) can make an
    editor: a display name, or an address the provider has not checked, is something anybody can set
    on their own account there (security review, point 16)."""
    editors = {str(e).strip().casefold() for e in (roles or {}).get("editors", [])}
    address = (email or "").strip()
    verified = email_verified is True or str(email_verified).strip().casefold() == "true"
    role = EDITOR if address and verified and address.casefold() in editors else VIEWER
    who = address or (name or "").strip()
    return User(who, role, "oidc", name or who)


def visible_dataset(dataset: Dataset, user: User) -> Dataset:
    """The data ``user`` may see: viewers get an empty investment-target list, and no source that an
    import into it added (its file name, title and editor; not even that it exists)."""
    if user.is_editor:
        return dataset
    sources = dataset.sources
    if "kind" in sources.columns:
        sources = sources.loc[sources["kind"] != CONFIDENTIAL_IMPORT].reset_index(drop=True)
    return dataclasses.replace(dataset, investment_targets=empty_investment_targets(), sources=sources)
