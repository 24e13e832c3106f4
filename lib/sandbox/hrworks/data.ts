// Fixed demo data for the HR WORKS simulator, in the shapes of the spec's schemas.
const OUS = [
  { number: "1", name: "Headquarters", additionalName: "", countryCode: "DEU", uuid: "8d2f6b7e-0c1a-4c55-9f0e-1a2b3c4d5e01" },
  { number: "100", name: "Sales", additionalName: "", countryCode: "DEU", uuid: "8d2f6b7e-0c1a-4c55-9f0e-1a2b3c4d5e02" },
  { number: "200", name: "Engineering", additionalName: "", countryCode: "DEU", uuid: "8d2f6b7e-0c1a-4c55-9f0e-1a2b3c4d5e03" },
];

const PEOPLE = [
  { personId: "jdoe", personnelNumber: "1001", firstName: "Jana", lastName: "Dorn", ou: "100", email: "jana.dorn@example.com", joinDate: "2021-04-01", isActive: true },
  { personId: "mweber", personnelNumber: "1002", firstName: "Malte", lastName: "Weber", ou: "200", email: "malte.weber@example.com", joinDate: "2019-09-15", isActive: true },
  { personId: "akaya", personnelNumber: "1003", firstName: "Aylin", lastName: "Kaya", ou: "200", email: "aylin.kaya@example.com", joinDate: "2023-01-09", isActive: true },
  { personId: "tberg", personnelNumber: "1004", firstName: "Tom", lastName: "Berg", ou: "1", email: "tom.berg@example.com", joinDate: "2015-02-01", isActive: false },
];

function uuidOf(n: number): string {
  return `4f1c2d3e-5a6b-4c7d-8e9f-${String(n).padStart(12, "0")}`;
}

export function hrworksData() {
  const year = new Date().getUTCFullYear();
  const organizationUnits = OUS.map((o) => (o.number === "1" ? o : { ...o, parentOrganizationUnit: { number: "1", name: "Headquarters" } }));
  const persons = PEOPLE.map((p, i) => {
    const base = { personId: p.personId, personnelNumber: p.personnelNumber, firstName: p.firstName, lastName: p.lastName, uuid: uuidOf(i + 1), externalIds: [] };
    const ou = OUS.find((o) => o.number === p.ou)!;
    return {
      isActive: p.isActive,
      organizationUnitNumber: p.ou,
      base,
      master: { ...base, email: p.email, isActive: p.isActive, joinDate: p.joinDate, organizationUnit: { number: ou.number, name: ou.name, uuid: ou.uuid } },
    };
  });
  const absences = [
    {
      personId: "jdoe",
      absence: {
        type: "AL", name: "Annual Leave", beginDate: `${year}-01-13`, endDate: `${year}-01-14`, isBeginDateHalfDay: false, isEndDateHalfDay: false,
        number: "12345_17", status: "Checked, OK", statusIdentifier: "validatedOk", workingDays: 2, workingDaysInDateInterval: 2,
      },
    },
    {
      personId: "mweber",
      absence: {
        type: "AL", name: "Annual Leave", beginDate: `${year}-01-01`, endDate: `${year}-12-31`, isBeginDateHalfDay: false, isEndDateHalfDay: false,
        number: "12346_17", status: "Requested", statusIdentifier: "requested", workingDays: 250, workingDaysInDateInterval: 250,
      },
    },
  ];
  const absenceTypes = [
    { name: "Annual Leave", key: "AL", isActive: true },
    { name: "Special Leave", key: "SL", isActive: true },
  ];
  const posts = [
    {
      uuid: "6a7b8c9d-0e1f-4a2b-8c3d-000000000001", key: "SALES-01", name: "Sales Manager", displayName: "Sales Manager (m/w/d)", isActive: true,
      organizationUnitNumber: "100", organizationUnitUuid: OUS[1]!.uuid, postOffers: [{ id: "42", placeOfWorkTypeKey: "hybrid", displayName: "Sales Manager Berlin" }],
    },
    {
      uuid: "6a7b8c9d-0e1f-4a2b-8c3d-000000000002", key: "ENG-07", name: "Backend Engineer", displayName: "Backend Engineer (m/w/d)", isActive: true,
      organizationUnitNumber: "200", organizationUnitUuid: OUS[2]!.uuid, postOffers: [{ id: "43", placeOfWorkTypeKey: "remote", displayName: "Backend Engineer remote" }],
    },
  ];
  const applicantBase = { uuid: "9e8d7c6b-5a4f-4e3d-9c2b-000000000001", firstName: "Max", lastName: "Muster", email: "max.muster@example.com", isActive: true };
  const applicants = [{ ...applicantBase, jobApplications: [{ id: "9001", postUuid: posts[0]!.uuid, statusIdentifier: "applied" }] }];
  const jobApplications = [
    { id: "9001", postId: "17", postUuid: posts[0]!.uuid, statusIdentifier: "applied", status: "Applied", creationDateAndTime: `${year}-02-28T09:46:00Z`, applicant: applicantBase },
  ];
  return { organizationUnits, persons, absences, absenceTypes, posts, applicants, jobApplications };
}
