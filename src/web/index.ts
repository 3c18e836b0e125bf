export { createRenderer, GOVUK_FRONTEND_DIR, MOJ_FRONTEND_DIR, SRC_DIR, type Renderer } from './render.ts';
export { registerHomeRoutes } from './home.routes.ts';
