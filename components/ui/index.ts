export { Alert } from "./alert";
export { Button } from "./button";
export { Field } from "./field";
export { Spinner } from "./spinner";
