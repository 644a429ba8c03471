"""What a site is written in, read and checked: site_config.yml, the YAML records (line-tracked, every trap
an error at its line), the rules of a campaign, the Markdown content with its front matter, and the search of
public text for private values. The loader turns it into the public model and the private store."""
