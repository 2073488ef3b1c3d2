"""(kinds of this area: being written)"""
