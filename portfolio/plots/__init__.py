"""Charts of the reports: each function takes a small DataFrame and returns Axes.

Every function follows one contract: ``plot_something(data, *, ..., ax=None,
**kwargs) -> Axes``, drawing on ``ax`` or on a new figure, and never showing it.
"""

from .base import *  # noqa: F403
from .channels import *  # noqa: F403
from .costs import *  # noqa: F403
from .products import *  # noqa: F403
from .reps import *  # noqa: F403
from .segments import *  # noqa: F403
from .size import *  # noqa: F403
