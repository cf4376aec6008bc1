from samenveilig import create_app

app = create_app()
