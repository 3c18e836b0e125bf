import { describe, expect, it } from 'vitest';
import { adultOfConcernFacts, sharedThingFacts } from './simulated-associations.ts';

describe('association facts from police records', () => {
  it('dates an adult-of-concern fact when the adult became of concern, never earlier', () => {
    const facts = adultOfConcernFacts(
      new Map([['A1', 100]]),
      new Map([
        [
          'A1',
          [
            { child: 'C1', day: 90, record: 'stop/1' },
            { child: 'C2', day: 120, record: 'stop/2' },
          ],
        ],
        ['A2', [{ child: 'C3', day: 95, record: 'stop/3' }]],
      ]),
    );
    expect(facts.map((f) => [f.childId, f.day])).toEqual([
      ['C1', 100],
      ['C2', 120],
    ]);
  });

  it('links a vehicle to a child only once another child has been seen with it', () => {
    const facts = sharedThingFacts(
      'vehicle_linked_to_children_at_risk',
      new Map([
        [
          'AB12CDE',
          [
            { child: 'C1', day: 10, record: 'stop/1' },
            { child: 'C2', day: 40, record: 'stop/2' },
          ],
        ],
        ['XY99ZZZ', [{ child: 'C3', day: 5, record: 'stop/3' }]],
      ]),
      new Map([['XY99ZZZ', 50]]),
    );
    expect(facts.map((f) => [f.childId, f.day])).toEqual([
      ['C1', 40], // knowable when C2 was seen
      ['C2', 40],
      ['C3', 50], // knowable when intelligence flagged the vehicle
    ]);
  });
});
