import { PageHeader, Empty } from "../components/ui";

// Not built yet: being written in its own branch this session.
export default function Delivery() {
  return (
    <>
      <PageHeader title="Delivery" />
      <Empty title="Coming soon" />
    </>
  );
}
