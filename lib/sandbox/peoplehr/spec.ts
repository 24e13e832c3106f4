// How the contract test reads the People HR swagger (provider-specs/peoplehr.swagger.json). That
// copy was hand-edited by its publisher ("needed a load of manual hacking", test/provider-specs/SOURCES.md)
// and has defects no real answer could satisfy. Each correction below is mechanical and keeps the
// spec's intent; none loosens a field the spec describes consistently.
//
// 1. The flag: the swagger names it `IsError`, real answers (and our simulator) send `isError`
//    (docs/providers/peoplehr.md, Answers and errors). We add `isError` beside `IsError` with the same schema, so the real
//    spelling is validated too instead of slipping through as an undeclared property.
// 2. `type: boolean` with `enum: ["false", "true"]`: the enum lists the two values as text, which
//    no boolean matches; the type wins and the enum goes.
// 3. `type: boolean` with a text enum (PartOfDay: "AM"/"PM"): the enum wins and the type becomes
//    string (GetHolidayDetail describes the same field as a string enum).
// 4. `type: integer` with `format: double` or `decimal` (DurationDays "22.00"): a number.
// 5. `required` naming a property the object does not declare (`EmployeeId` inside every
//    `{ DisplayValue, FieldHistory }` wrapper, a copy-paste slip): those names are dropped.
// Paths: the swagger's keys are "<Resource>  -  <Action>" with descriptive resource names
// ("/EmployeeAbsence", "/Employee Holiday"); real clients post to /Absence and /Holiday
// (docs/providers/peoplehr.md, Host and request format), so those two are mapped to the swagger's names.

export const PEOPLEHR_SPEC_PATHS: Record<string, string> = {
  "/Absence": "/EmployeeAbsence",
  "/Holiday": "/Employee Holiday",
};

type Node = Record<string, unknown>;

function fixSchema(node: Node): void {
  const type = node.type;
  const en = node.enum;
  if (type === "boolean" && Array.isArray(en)) {
    if (en.every((v) => v === "true" || v === "false")) delete node.enum;
    else if (en.every((v) => typeof v === "string")) node.type = "string";
  }
  if (type === "integer" && (node.format === "double" || node.format === "decimal")) node.type = "number";
  const props = node.properties as Node | undefined;
  if (Array.isArray(node.required) && props && typeof props === "object") {
    node.required = (node.required as string[]).filter((name) => name in props);
  } else if (Array.isArray(node.required) && !props && node.type === "object") {
    delete node.required;
  }
  if (props && typeof props === "object" && "IsError" in props && !("isError" in props)) props.isError = props.IsError;
}

function walk(value: unknown, seen: Set<unknown>): void {
  if (!value || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const v of value) walk(v, seen);
    return;
  }
  const node = value as Node;
  fixSchema(node);
  for (const v of Object.values(node)) walk(v, seen);
}

/** Applies the corrections above, in place, to the parsed swagger document. */
export function patchPeopleHrSpec(doc: Record<string, unknown>): void {
  walk(doc.definitions, new Set());
  walk(doc.responses, new Set());
  walk(doc.paths, new Set());
}
