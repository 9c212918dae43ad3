"""Stage 1, text → records: read a plan and extract what it says.

In: a source file (plain text in any common encoding, or a saved portal page).
Out: :class:`kg.model.Plan` records (header, sections, tasks with their units,
citations, lists, targets, deadlines, cadences, systems) and the warnings for
whatever could not be placed.

Modules: ``read`` (bytes → text), ``lines`` (text → numbered lines), ``repair``
(garbled headings), ``header`` (title, document number, issuer, date),
``annotations`` (responsibility notes → units and roles), ``task_tables`` (task
tables flattened to text), ``parse`` (:func:`extract`: text → a :class:`kg.model.Plan`), ``plan_parser/``
(the outline and the tasks, one job a module), ``plan_ids`` (a plan's identifier), ``entities/``
(citations, lists, targets, deadlines, cadences, systems in task text).
Nothing here knows RDF.
"""
