import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCategories } from '../../api/catalog.js';
import { EmptyState, ProductList } from '../../components/ProductGrid/ProductGrid.js';
import { LoadError, PageLoading } from '../../components/Status.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { categoryName, categoryTree } from '../../lib/categories.js';
import { NotFound } from '../NotFound/NotFound.js';
import './Categories.css';
import { Chevron } from '../../components/Chevron.js';

/** The category index: every top-level category with its subcategories. */
export function CategoriesPage() {
  const { t, i18n } = useTranslation();
  const categories = useCategories();
  usePageTitle(t('categories.title'));
  if (categories.isPending) return <PageLoading />;
  if (categories.isError) return <LoadError error={categories.error} onRetry={() => void categories.refetch()} />;
  const tree = categoryTree(categories.data);
  return (
    <div className="categories">
      <h1>{t('categories.title')}</h1>
      <ul className="categories__list">
        {tree.roots.map((root) => (
          <li key={root.id} className="category-group">
            <Link to={`/c/${root.id}`} className="category-group__title">
              <span>{categoryName(root, i18n.language)}</span>
              <Chevron />
            </Link>
            <ul className="category-group__children">
              {tree.childrenOf(root.id).map((child) => (
                <li key={child.id}>
                  <Link to={`/c/${child.id}`} className="category-group__child">
                    {categoryName(child, i18n.language)}
                  </Link>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One category: its subcategories as chips and its products (including the subcategories'). */
export function CategoryPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const categories = useCategories();
  const tree = categories.data ? categoryTree(categories.data) : undefined;
  const category = tree?.byId(id);
  usePageTitle(category ? categoryName(category, i18n.language) : undefined);
  if (categories.isPending) return <PageLoading />;
  if (categories.isError) return <LoadError error={categories.error} onRetry={() => void categories.refetch()} />;
  if (!tree || !category) return <NotFound />;
  const parent = category.parent_id ? tree.byId(category.parent_id) : undefined;
  const group = parent ?? category;
  const chips = tree.childrenOf(group.id);
  const name = categoryName(category, i18n.language);
  return (
    <div className="category">
      <nav className="category__crumbs" aria-label={t('categories.breadcrumb')}>
        <Link to="/c">{t('categories.title')}</Link>
        {parent ? (
          <>
            <span aria-hidden="true"> › </span>
            <Link to={`/c/${parent.id}`}>{categoryName(parent, i18n.language)}</Link>
          </>
        ) : null}
      </nav>
      <h1>{name}</h1>
      {chips.length > 0 ? (
        <nav className="chips category__chips" aria-label={t('categories.subcategories')}>
          <Link to={`/c/${group.id}`} className="chip" aria-current={group.id === category.id ? 'page' : undefined}>
            {t('categories.all')}
          </Link>
          {chips.map((child) => (
            <Link key={child.id} to={`/c/${child.id}`} className="chip" aria-current={child.id === category.id ? 'page' : undefined}>
              {categoryName(child, i18n.language)}
            </Link>
          ))}
        </nav>
      ) : null}
      <ProductList
        key={category.id}
        filter={{ category_id: category.id }}
        label={name}
        empty={
          <EmptyState title={t('categories.empty')} text={t('categories.emptyText')}>
            <Link to="/c" className="btn btn--secondary btn--small">
              {t('categories.browseOthers')}
            </Link>
          </EmptyState>
        }
      />
    </div>
  );
}
