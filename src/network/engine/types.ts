/**
 * The engine's input: plain in-memory POLE records (persons, objects, locations, events). Services load
 * these from the database; the simulator adapter builds them from feed files. Deliberately, no type here
 * carries ethnicity, religion or nationality: they can never feed the network analysis (DESIGN.md §2.7).
 */
export type PersonKind = 'child' | 'adult_of_concern' | 'other';

export interface PolePerson {
  readonly id: string;
  readonly kind: PersonKind;
  /** A child assessed or flagged as at risk of exploitation. */
  readonly atRisk: boolean;
}

export type ObjectKind = 'vehicle' | 'phone' | 'handle';

export interface PoleObject {
  readonly id: string;
  readonly kind: ObjectKind;
  /** Display label, e.g. a registration mark or a masked number. */
  readonly label?: string;
}

export type LocationKind = 'takeaway' | 'hotel' | 'house' | 'park' | 'taxi' | 'online' | 'other';

export interface PoleLocation {
  readonly id: string;
  readonly kind: LocationKind;
  readonly label?: string;
}

export type PartyRole = 'subject' | 'victim' | 'associate' | 'suspect' | 'witness' | 'reporter';

export interface PoleEvent {
  readonly id: string;
  /** ISO 8601 instant. */
  readonly at: string;
  readonly locationId?: string;
  readonly parties: readonly { readonly personId: string; readonly role: PartyRole }[];
  /** Objects seen at the event; with `personId` the object is tied to that person, otherwise to every party. */
  readonly objects: readonly { readonly objectId: string; readonly personId?: string }[];
}

export interface PoleData {
  readonly persons: readonly PolePerson[];
  readonly objects: readonly PoleObject[];
  readonly locations: readonly PoleLocation[];
  readonly events: readonly PoleEvent[];
}

export type NodeKind = 'person' | 'object' | 'location';

/**
 * Why two nodes are linked. Every piece of evidence traces back to events, so trimming can drop what
 * rests on events a viewer may not see.
 * - `event`: both ends appear in this event (co-presence, a person with an object, a person at a place).
 * - `shared`: two persons are each tied to the same object or location, through their own events.
 */
export type Evidence =
  | { readonly kind: 'event'; readonly eventId: string }
  | {
      readonly kind: 'shared';
      readonly viaKind: 'object' | 'location';
      readonly viaId: string;
      readonly sourceEvents: readonly string[];
      readonly targetEvents: readonly string[];
    };

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Person kind, object kind or location kind. */
  readonly subtype: string;
  readonly atRisk: boolean;
}

export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  readonly weight: number;
  readonly evidence: readonly Evidence[];
}

export interface PoleGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** What a viewer may see: node ids (persons, objects, locations) and event ids. */
export interface Visibility {
  readonly nodes: ReadonlySet<string>;
  readonly events: ReadonlySet<string>;
}
