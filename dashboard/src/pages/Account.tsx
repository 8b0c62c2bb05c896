import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Account() {
  return (
    <>
      <PageHeader title="Account" />
      <Empty title="Coming soon" />
    </>
  );
}
