// Catches every unknown path inside the app so the layout (and its "Demo data" banner) still
// renders around the 404, which Remix would otherwise show without running the root loader.
import { GeneralErrorBoundary } from "~/components/error-boundary";

export function loader() {
  throw new Response("Check the address, or go to the start page.", { status: 404 });
}

export function action() {
  throw new Response("Check the address, or go to the start page.", { status: 404 });
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
