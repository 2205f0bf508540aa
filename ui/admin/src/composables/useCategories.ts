import { computed, ref } from 'vue'
import { api } from '../api/client'
import { unwrap } from '../api/problem'
import type { components } from '../api/schema.gen'

type Category = components['schemas']['CategoryResponse']
export interface CategoryTreeNode extends Category {
  children: CategoryTreeNode[]
}

/** The operators' category list (enabled or not) and the tree built from it. */
export function useCategories() {
  const list = ref<Category[]>([])
  const tree = computed(() => {
    const nodes = new Map<number, CategoryTreeNode>(list.value.map((c) => [c.id, { ...c, children: [] }]))
    const roots: CategoryTreeNode[] = []
    for (const node of nodes.values()) {
      const parent = node.parentId === null ? undefined : nodes.get(node.parentId)
      if (parent) parent.children.push(node)
      else roots.push(node)
    }
    const sort = (items: CategoryTreeNode[]) => {
      items.sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)
      items.forEach((i) => sort(i.children))
    }
    sort(roots)
    return roots
  })
  const load = async () => {
    list.value = unwrap(await api.GET('/api/v1/admin/categories'))
  }
  return { list, tree, load }
}
