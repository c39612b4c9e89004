"""Participatory budgets: residents propose projects, the commune reviews them, residents vote
within an envelope in euros, the counting engine (:mod:`..counting`) decides which projects are
funded, and the commune follows the works."""
