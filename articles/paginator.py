from django.core.paginator import Paginator


class IndexPaginator(Paginator):
    """Pages of a list ordered along an index: the page's ids are picked by a subquery that
    reads the index alone (however deep the page), then only those rows are loaded.
    Still two queries: the count, and the page."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
