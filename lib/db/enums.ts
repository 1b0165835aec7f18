// The database's enums and the one list of each, in the schema's order. Everything that names an
// environment, role or plan imports it from here.
import { Environment, Plan, Role } from "./generated/enums";

export { Environment, Plan, Role };

export const ENVIRONMENTS = Object.values(Environment) as [Environment, ...Environment[]];
export const ROLES = Object.values(Role) as [Role, ...Role[]];
export const PLANS = Object.values(Plan) as [Plan, ...Plan[]];
