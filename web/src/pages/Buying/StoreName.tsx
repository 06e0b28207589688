import { Link } from 'react-router';
import { useStore } from '../../api/stores.js';

/** A store's name by its id (cached, so a list of orders asks once per store). */
export function StoreName({ storeId, link = false }: { storeId: string; link?: boolean }) {
  const store = useStore(storeId);
  const name = store.data?.store.name ?? '…';
  if (link && store.data) return <Link to={`/s/${store.data.store.handle}`}>{name}</Link>;
  return <span className="store-name">{name}</span>;
}
