"""Who a finding is about: the subjects a rule is judged for, and the nämnd responsible."""

from __future__ import annotations

from compliance.data.model import ENTITY_KINDS, Förvaltning, Nämnd
from compliance.evaluator.values import EntityValue
from compliance.findings import KOMMUN_KIND, Subject
from compliance.messages import message


def subject_of(entity: EntityValue, index: dict[str, dict[str, EntityValue]]) -> Subject:
    kind = ENTITY_KINDS.get(entity.collection or "", KOMMUN_KIND)
    entity_id = str(getattr(entity.model, "id", entity.label))
    nämnd = responsible_nämnd(entity, index)
    return Subject(
        kind=kind,
        id=entity_id,
        name=entity.name,
        nämnd_id=nämnd.model.id if nämnd is not None else None,  # type: ignore[attr-defined]
        nämnd_name=nämnd.name if nämnd is not None else None,
    )


def responsible_nämnd(
    entity: EntityValue, index: dict[str, dict[str, EntityValue]]
) -> EntityValue | None:
    """The nämnd itself, the one an entity names, or the one its förvaltning serves."""
    model = entity.model
    if isinstance(model, Nämnd):
        return entity
    nämnd_id = getattr(model, "nämnd", None)
    if isinstance(nämnd_id, str):
        return index["nämnder"].get(nämnd_id)
    förvaltning_id = getattr(model, "förvaltning", None)
    if isinstance(förvaltning_id, str):
        förvaltning = index["förvaltningar"].get(förvaltning_id)
        if förvaltning is not None and isinstance(förvaltning.model, Förvaltning):
            return index["nämnder"].get(förvaltning.model.nämnd)
    return None


def describe(subject: Subject) -> str:
    """How report text names a subject: `Socialnämnden`, `utföraren Attendo`."""
    return message(f"subject.{subject.kind}", name=subject.name)
