"""Anonymous talent profiles hiring partners can search, and reach-outs the participant accepts or declines."""
