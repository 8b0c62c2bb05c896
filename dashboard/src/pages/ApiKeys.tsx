import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function ApiKeys() {
  return (
    <>
      <PageHeader title="ApiKeys" />
      <Empty title="Coming soon" />
    </>
  );
}
