"""Co-building (共驻共建, 区域化党建): the community and the institutions around it.

- agreements: the yearly co-building agreement (共建协议) with each resident unit, its commitments
  and what was delivered against them;
- resources: what units offer (资源清单) — venues, funds, expertise, volunteers, equipment — and the
  booking calendar of shared venues;
- projects: the needs list (需求清单) and the projects list (项目清单): a need matched to resources,
  claimed by a unit (认领) or a member, with milestones, evidence and residents' rating;
- committee: the big committee (大党委 / 联合党委) with its full- and part-time members and member
  branches, and its joint meetings (联席会);
- overview: the co-building figures for a place and a period.

The units and their contacts themselves are in the registry (registry/cobuild), with the portal
parts a unit contact sees (/unit/, interfaces/portal).
"""
