import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Attribution() {
  return (
    <>
      <PageHeader title="Attribution" />
      <Empty title="Coming soon" />
    </>
  );
}
