export { createPeopleService, type PeopleService } from './people.service.ts';
export { registerPeopleRoutes } from './people.routes.ts';
