import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Quality() {
  return (
    <>
      <PageHeader title="Quality" />
      <Empty title="Coming soon" />
    </>
  );
}
