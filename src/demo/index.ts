export { loadDemoPartnership, type DemoSummary } from './load-demo.ts';
export { DEMO_PARTNERSHIP, DEMO_USERS, DEMO_AGENCIES, DEMO_PASSWORD } from './demo-data.ts';
export { loadSimulatedDemo, type SimulatedDemoOptions, type SimulatedDemoSummary } from './load-simulated.ts';
