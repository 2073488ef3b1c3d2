"""Committee workspace views, split by area: workspace, committee, meetings, budget, dashboard."""
