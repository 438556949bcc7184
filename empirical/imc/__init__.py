"""The inertial-manifold pruning comparison behind the ``im.*`` claims: small MLP tasks,
exact Hessians, saliency scores, sparse training and Lipschitz estimates."""
