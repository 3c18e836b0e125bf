/**
 * Reading intelligence items in the version a viewer may see: in full (police analysts), or the
 * sanitised, shareable version of handling code P (partners), with only the linked entities they may see.
 */
import { can, checkPersonAccess, type AccessScope } from '../access/index.ts';
import { gradingLabel, type Grading } from './grading/grading.ts';
import { sanitiseIntelligence } from './grading/sanitise.ts';
import { withIntelligenceTables, type IntelligenceDb } from './intelligence.schema.ts';
import { isPoliceAnalyst, type IntelligenceItemView } from './intelligence.service.ts';

/** Reads items (3x5x2 and legacy) in the version the actor may see; others are left out. */
/**
 * @example
 * const [view] = await readItems(scope, [id]);
 */
export async function readItems(scope: AccessScope, ids: string[]): Promise<IntelligenceItemView[]> {
  if (ids.length === 0) return [];
  const actor = scope.actor;
  const pid = actor.partnershipId;
  const tx = withIntelligenceTables(scope.tx);
  const police = isPoliceAnalyst(actor);
  const rows = await tx
    .selectFrom('intelligence as i')
    .leftJoin('intelligence_detail as d', 'd.intelligence_id', 'i.id')
    .select([
      'i.id',
      'i.agency_id',
      'i.source_evaluation',
      'i.intelligence_assessment',
      'i.handling_code',
      'i.text',
      'i.sanitised_text',
      'i.recorded_at',
      'd.handling_conditions',
      'd.corroboration',
      'd.risk_note',
      'd.source_type',
      'd.source_reference',
    ])
    .where('i.partnership_id', '=', pid)
    .where('i.id', 'in', [...ids])
    .execute();
  const links = await tx
    .selectFrom('intelligence_link')
    .select(['intelligence_id', 'entity_type', 'entity_id'])
    .where('partnership_id', '=', pid)
    .where('intelligence_id', 'in', [...ids])
    .execute();
  const labels = await entityLabels(
    scope,
    tx,
    links.map((l) => ({ type: l.entity_type, id: l.entity_id })),
  );
  const out: IntelligenceItemView[] = [];
  for (const r of rows) {
    const facts = {
      type: 'intelligence' as const,
      id: r.id,
      partnershipId: pid,
      handlingCode: r.handling_code,
      agencyId: r.agency_id,
    };
    const full = can(actor, 'intelligence.read_full', facts);
    if (!full && !can(actor, 'intelligence.read_sanitised', facts)) continue;
    const grading: Grading = {
      scheme: '3x5x2',
      source: r.source_evaluation,
      assessment: r.intelligence_assessment,
      handling: r.handling_code,
      ...(r.handling_conditions !== null ? { handlingConditions: r.handling_conditions } : {}),
      ...(r.corroboration !== null ? { corroboration: r.corroboration } : {}),
      ...(r.risk_note !== null ? { riskNote: r.risk_note } : {}),
    };
    const linked = links
      .filter((l) => l.intelligence_id === r.id)
      .flatMap((l) => {
        const label = labels.get(`${l.entity_type}:${l.entity_id}`);
        // Sanitised versions name only the persons the viewer may already see; no vehicles or phones.
        if (label === undefined || (!full && l.entity_type !== 'person')) return [];
        return [{ type: l.entity_type, id: l.entity_id, label }];
      });
    if (full) {
      out.push({
        id: r.id,
        scheme: '3x5x2',
        version: 'full',
        recordedOn: r.recorded_at.toISOString().slice(0, 10),
        gradingLabel: gradingLabel(grading),
        grading,
        text: r.text,
        source: { type: r.source_type ?? 'Not recorded', reference: r.source_reference ?? 'Not recorded' },
        shareableText: r.handling_code === 'P' && r.sanitised_text !== '' ? r.sanitised_text : null,
        links: linked,
      });
      continue;
    }
    const shared = sanitiseIntelligence({
      id: r.id,
      recordedAt: r.recorded_at.toISOString(),
      text: r.text,
      grading,
      source: { type: r.source_type ?? '', reference: r.source_reference ?? '' },
      ...(r.sanitised_text !== null ? { sanitisedText: r.sanitised_text } : {}),
      linkedEntityIds: linked.map((l) => l.id),
    });
    if (!shared.ok) continue;
    const s = shared.shareable;
    out.push({
      id: s.id,
      scheme: '3x5x2',
      version: 'sanitised',
      recordedOn: s.recordedOn,
      gradingLabel: `${s.grading.source}${s.grading.assessment} P (3x5x2)`,
      grading: { scheme: '3x5x2', ...s.grading },
      text: s.text,
      links: linked.filter((l) => s.linkedEntityIds.includes(l.id)),
    });
  }
  if (police) {
    const legacy = await tx
      .selectFrom('intelligence_legacy')
      .selectAll()
      .where('partnership_id', '=', pid)
      .where('id', 'in', [...ids])
      .execute();
    for (const r of legacy) {
      const grading: Grading = {
        scheme: '5x5x5',
        source: r.source_grade,
        intelligence: r.intelligence_grade,
        handling: r.handling_grade,
      };
      out.push({
        id: r.id,
        scheme: '5x5x5',
        version: 'full',
        recordedOn: r.recorded_at.toISOString().slice(0, 10),
        gradingLabel: gradingLabel(grading),
        grading,
        text: r.text,
        links: [],
      });
    }
  }
  return out;
}

/** Display labels for linked entities the viewer may see (persons through the policy). */
async function entityLabels(
  scope: AccessScope,
  tx: IntelligenceDb,
  entities: { type: 'person' | 'object' | 'location'; id: string }[],
): Promise<Map<string, string>> {
  const pid = scope.actor.partnershipId;
  const out = new Map<string, string>();
  const ids = (t: string) => [...new Set(entities.filter((e) => e.type === t).map((e) => e.id))];
  const personIds = ids('person');
  const { allowed } = await checkPersonAccess(scope.tx, scope.actor, 'person.read', personIds, new Date());
  if (allowed.size > 0) {
    const rows = await tx
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name'])
      .where('partnership_id', '=', pid)
      .where('id', 'in', [...allowed])
      .execute();
    for (const r of rows) {
      out.set(
        `person:${r.id}`,
        [r.given_name, r.family_name].filter((x) => x !== null).join(' ') || 'Name not recorded',
      );
    }
  }
  if (ids('object').length > 0) {
    const rows = await tx
      .selectFrom('object')
      .select(['id', 'kind', 'value'])
      .where('partnership_id', '=', pid)
      .where('id', 'in', ids('object'))
      .execute();
    for (const r of rows) {
      out.set(
        `object:${r.id}`,
        `${r.kind === 'online_account' ? 'Online account' : r.kind === 'phone' ? 'Phone' : 'Vehicle'} ${r.value}`,
      );
    }
  }
  if (ids('location').length > 0) {
    const rows = await tx
      .selectFrom('location')
      .select(['id', 'name', 'postcode'])
      .where('partnership_id', '=', pid)
      .where('id', 'in', ids('location'))
      .execute();
    for (const r of rows) {
      out.set(
        `location:${r.id}`,
        [r.name, r.postcode].filter((x) => x !== null).join(', ') || 'Unnamed place',
      );
    }
  }
  return out;
}
