""""Find your area": what surrounds a cluster in one local authority or health board.

Everything on an area page is derived from the records' relations, so a
change in data/bodies.yaml changes every area page it touches:

- health board: the board that `covers-area-of` the local authority
- local authorities: those a health board `covers-area-of`
- Regional Partnership Board: the RPB that `covers-area-of` the local
  authority or that the authority or board is a `member-of`
- Public Services Board(s): those that `covers-area-of` the area's local
  authorities (else any the area's bodies are linked to)
- pan-cluster planning groups and clusters: the records linked to the
  health board (`part-of`, `works-with`, ...), plus the cluster count facts
  (`measure: clusters`) on the health board, with their source
- local representative committees: those the health board `consults`, and
  the national bodies those committees work with

Bodies that have `ended` (a Public Services Board merged into a regional
one, say) are left out: the area page says who is there now, and the record
of the body that replaced them links back to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.records import Site


@dataclass
class Area:
    """The bodies around one area, each list holding record ids."""

    body_id: str
    health_boards: list[str] = field(default_factory=list)
    local_authorities: list[str] = field(default_factory=list)
    regional_partnership_boards: list[str] = field(default_factory=list)
    public_services_boards: list[str] = field(default_factory=list)
    cluster_structures: list[str] = field(default_factory=list)
    committees: list[str] = field(default_factory=list)
    national_bodies: list[str] = field(default_factory=list)
    cluster_facts: list[tuple[str, dict]] = field(default_factory=list)  # (health board id, fact)

    def all_ids(self) -> list[str]:
        """Every body on the page, the area itself first, each once."""
        ordered = [self.body_id]
        for group in (self.health_boards, self.local_authorities, self.regional_partnership_boards,
                      self.public_services_boards, self.cluster_structures, self.committees, self.national_bodies):
            ordered += [body_id for body_id in group if body_id not in ordered]
        return ordered


def area_ids(site: Site) -> list[str]:
    """Ids of every body that gets an area page: health boards, and the local
    authorities a health board covers (not, say, community councils as a group)."""
    covered = {r.target for relations in site.outgoing.values() for r in relations
               if r.kind == "covers-area-of" and site.bodies[r.source]["type"] == "health-board"}
    return [body_id for body_id, body in site.bodies.items()
            if body["type"] == "health-board" or (body["type"] == "local-authority" and body_id in covered)]


def _neighbours(site: Site, body_id: str) -> list[tuple[str, str, str]]:
    """(kind, direction, other id) for every relation touching a body; direction is 'out' or 'in'."""
    links = [(r.kind, "out", r.target) for r in site.outgoing.get(body_id, [])]
    links += [(r.kind, "in", r.source) for r in site.incoming.get(body_id, [])]
    return links


def _of_type(site: Site, ids, body_type: str) -> list[str]:
    """The current bodies of one type among `ids`, each once, in order."""
    result = []
    for body_id in ids:
        body = site.bodies[body_id]
        if body["type"] == body_type and "ended" not in body and body_id not in result:
            result.append(body_id)
    return result


def area_for(site: Site, body_id: str) -> Area:
    """Collect the bodies around a local authority or a health board."""
    body = site.bodies[body_id]
    area = Area(body_id)
    near = [other for _, _, other in _neighbours(site, body_id)]
    if body["type"] == "local-authority":
        area.local_authorities = [body_id]
        area.health_boards = [other for kind, direction, other in _neighbours(site, body_id)
                              if kind == "covers-area-of" and direction == "in"
                              and site.bodies[other]["type"] == "health-board"]
    else:
        area.health_boards = [body_id]
        area.local_authorities = _of_type(site, [other for kind, direction, other in _neighbours(site, body_id)
                                                 if kind == "covers-area-of" and direction == "out"], "local-authority")
    around = near + [other for board in area.health_boards for _, _, other in _neighbours(site, board)]
    if body["type"] == "health-board":
        around += [other for authority in area.local_authorities for _, _, other in _neighbours(site, authority)]
    area.regional_partnership_boards = _of_type(site, around, "regional-partnership-board")
    psbs = _of_type(site, around, "public-services-board")
    # The PSBs that cover this area's councils, not every PSB the health board
    # sits on (a North Wales council would otherwise list six), nor a general
    # record about all PSBs; that general record only when nothing is specific.
    councils = set(area.local_authorities)
    specific = [psb for psb in psbs if any(r.kind == "covers-area-of" and r.target in councils
                                           for r in site.outgoing.get(psb, []))]
    area.public_services_boards = specific or psbs
    area.cluster_structures = _of_type(site, [other for board in area.health_boards
                                              for _, _, other in _neighbours(site, board)], "cluster-structure")
    for board in area.health_boards:
        for kind, direction, other in _neighbours(site, board):
            if (kind == "consults" and direction == "out" and site.bodies[other]["type"] == "representative-committee"
                    and "ended" not in site.bodies[other]):
                if other not in area.committees:
                    area.committees.append(other)
        area.cluster_facts += [(board, fact) for fact in site.bodies[board].get("facts", [])
                               if fact.get("measure") == "clusters"]
    for committee in area.committees:
        for _, _, other in _neighbours(site, committee):
            if (site.bodies[other]["type"] == "representative-body" and "ended" not in site.bodies[other]
                    and other not in area.national_bodies):
                area.national_bodies.append(other)
    return area
