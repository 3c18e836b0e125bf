// Public surface of the intelligence module. grading/ is pure.
export * from './grading/grading.ts';
export * from './grading/sanitise.ts';
