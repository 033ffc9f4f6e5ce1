import { useEffect } from 'preact/hooks';

let product = 'Webhooks';
export const setProductName = (name: string) => {
  product = `${name} webhooks`;
};

/** The tab's title: the page, then the product. */
export function useTitle(page: string) {
  useEffect(() => {
    document.title = `${page} · ${product}`;
  }, [page]);
}
