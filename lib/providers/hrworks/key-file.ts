// HR WORKS hands out a key pair as a downloaded text file ("Access Key: …" / "Secret Access Key: …").
// People paste the whole file; this fills both fields from it. Pure and isomorphic.
export type HrworksKeyPair = { accessKey: string; secretAccessKey: string };

const SECRET_LINE = /^[ \t]*secret[ \t_-]*access[ \t_-]*key[ \t]*[:=][ \t]*(\S+)[ \t]*$/im;
const ACCESS_LINE = /^[ \t]*access[ \t_-]*key(?:[ \t_-]*id)?[ \t]*[:=][ \t]*(\S+)[ \t]*$/im;

/** Both values from a pasted key file, or undefined when the text is not one. */
export function parseHrworksKeyFile(text: string): HrworksKeyPair | undefined {
  if (text.length > 10_000) return undefined;
  const secret = SECRET_LINE.exec(text)?.[1];
  const access = ACCESS_LINE.exec(text)?.[1];
  if (!secret || !access) return undefined;
  return { accessKey: access, secretAccessKey: secret };
}
